fn main() -> std::process::ExitCode {
    otklik::cli::main(otklik::tui::start)
}
