/* otklik: the site widget. The code an organisation puts on its main page
 * includes this script, then calls Widget(formUrl, orgNumber): the banner's
 * button opens the form over the page in a dialog, sized as the banner's
 * container says (data-form-width, data-form-height). Esc or the close
 * button closes it and gives the focus back to the button. The polls
 * widget calls Widget(pollsUrl, orgNumber, "otklik-polls"): the same, from
 * its own container, so both may be on one page. */
(function () {
  "use strict";
  var ru = (document.documentElement.lang || "ru").slice(0, 2) !== "en";
  var words = ru
    ? { title: "Сообщение в организацию", close: "Закрыть" }
    : { title: "A message to the organisation", close: "Close" };
  var pollWords = ru ? "Опросы и голосования" : "Polls and votes";

  function size(wrapper, name, fallback) {
    var n = parseInt(wrapper.getAttribute(name) || "", 10);
    return n > 0 && n < 4000 ? n : fallback;
  }

  function open(wrapper, button, formUrl, org) {
    var title = wrapper.id === "otklik-polls" ? pollWords : words.title;
    var dialog = document.createElement("dialog");
    dialog.className = "otklik-dialog";
    dialog.setAttribute("aria-label", title);
    dialog.style.cssText = "padding:0;border:0;border-radius:8px;max-width:96vw;max-height:96vh;" +
      "box-shadow:0 8px 32px rgba(0,0,0,.35)";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "\u00d7";
    close.setAttribute("aria-label", words.close);
    close.style.cssText = "position:absolute;top:4px;right:8px;font-size:28px;line-height:1;" +
      "background:#fff;color:#1a1a1a;border:0;cursor:pointer";
    var frame = document.createElement("iframe");
    frame.title = title;
    frame.src = formUrl + (formUrl.indexOf("?") < 0 ? "?" : "&") + "org=" +
      encodeURIComponent(org) + "&lang=" + (ru ? "ru" : "en");
    frame.style.cssText = "display:block;border:0;width:min(" + size(wrapper, "data-form-width", 640) +
      "px,94vw);height:min(" + size(wrapper, "data-form-height", 760) + "px,90vh)";
    dialog.appendChild(close);
    dialog.appendChild(frame);
    function done() {
      if (dialog.open) { dialog.close(); }
      if (dialog.parentNode) { dialog.parentNode.removeChild(dialog); }
      button.focus();
    }
    close.addEventListener("click", done);
    dialog.addEventListener("close", done);
    document.body.appendChild(dialog);
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    frame.focus();
  }

  window.Widget = function (formUrl, org, container) {
    var wrapper = document.getElementById(container || "js-show-iframe-wrapper");
    if (!wrapper) { return; }
    var button = wrapper.querySelector(".pos-banner-btn_2") || wrapper;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      open(wrapper, button, formUrl, org);
    });
  };
})();
