-- A citizen's other messages are looked up by their contact.
CREATE INDEX messages_by_contact ON messages(citizen_contact, id);
