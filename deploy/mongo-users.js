// One MongoDB user per service, each with readWrite on its own database only (mongosh,
// run once by the mongo image from /docker-entrypoint-initdb.d when the data directory
// is empty, as the root user). The status service keeps no data and gets no user.
// Passwords come from the environment of the mongo container (see docker-compose.yml).
const users = [
  { user: 'vault', db: 'latchkey', password: 'MONGO_VAULT_PASSWORD' },
  { user: 'scanner', db: 'latchkey_scanner', password: 'MONGO_SCANNER_PASSWORD' },
  { user: 'collector', db: 'latchkey_collector', password: 'MONGO_COLLECTOR_PASSWORD' },
];
for (const { user, db: name, password } of users) {
  const pwd = process.env[password];
  if (!pwd) {
    throw new Error(password + ' is not set');
  }
  db.getSiblingDB(name).createUser({ user, pwd, roles: [{ role: 'readWrite', db: name }] });
  print('created MongoDB user ' + user + ' (readWrite on ' + name + ')');
}
