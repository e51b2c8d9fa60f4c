#pragma once
// ProfileStore: profiles as one JSON file each (<id>.json, mode 0600) in a directory, never
// holding a secret; removing a profile also deletes its keychain items.

#include "store/Profile.h"
#include "store/SecretStore.h"

#include <QList>
#include <QObject>
#include <QString>
#include <functional>
#include <optional>

namespace wb {

// Outcome of a ProfileStore operation, with a message fit to show the user.
struct ProfileStoreResult {
    enum class Code { Ok, NotFound, InvalidName, NameTaken, IoError, SecretStoreError };
    Code code = Code::Ok;
    QString message;
    SecretStatus secretStatus = SecretStatus::Ok; // for SecretStoreError
    bool ok() const { return code == Code::Ok; }
};

class ProfileStore : public QObject {
    Q_OBJECT
public:
    // `directory` is created (mode 0700) on the first save. `secrets` may be null; remove() then
    // leaves keychain items alone. Neither is owned.
    explicit ProfileStore(const QString &directory, SecretStore *secrets = nullptr,
                          QObject *parent = nullptr);

    // AppConfigLocation + "/profiles"; needs the QCoreApplication names set first.
    static QString defaultDirectory();
    QString directory() const { return m_dir; }
    QString filePath(const QString &id) const;

    // All readable profiles, sorted by name (case-insensitive). Unreadable files are skipped and
    // described in `problems` if given.
    QList<Profile> list(QStringList *problems = nullptr) const;
    // By id, else by name (case-insensitive).
    std::optional<Profile> load(const QString &nameOrId) const;

    // Creates or replaces the profile's file atomically. Assigns a uuid when profile.id is empty
    // (hence non-const). Names are trimmed and must be unique ignoring case. The client secret is
    // never written: store it with SecretStore::clientSecretKey(profile.id).
    ProfileStoreResult save(Profile &profile);

    // Deletes the profile's keychain items (client secret, tokens), then its file. If the
    // keychain cannot be reached the file is kept, so no item is orphaned; `done` gets the cause.
    void remove(const QString &nameOrId, std::function<void(const ProfileStoreResult &)> done);
    ProfileStoreResult removeSync(const QString &nameOrId); // CLI only, as SecretStore's *Sync

    static bool isValidName(const QString &name, QString *why = nullptr);

signals:
    void profilesChanged();

private:
    ProfileStoreResult removeFile(const Profile &p);

    QString m_dir;
    SecretStore *m_secrets;
};

} // namespace wb
