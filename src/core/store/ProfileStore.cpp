#include "store/ProfileStore.h"

#include "util/JsonQt.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QPointer>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>
#include <algorithm>
#include <memory>

namespace wb {

namespace {
constexpr int kProfileFileFormat = 1;

ProfileStoreResult failure(ProfileStoreResult::Code code, const QString &message)
{
    return {code, message, SecretStatus::Ok};
}

bool isUuid(const QString &s)
{
    return !QUuid::fromString(s).isNull();
}
} // namespace

ProfileStore::ProfileStore(const QString &directory, SecretStore *secrets, QObject *parent)
    : QObject(parent), m_dir(directory), m_secrets(secrets)
{
}

QString ProfileStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/profiles");
}

QString ProfileStore::filePath(const QString &id) const
{
    return m_dir + QLatin1Char('/') + id + QStringLiteral(".json");
}

bool ProfileStore::isValidName(const QString &name, QString *why)
{
    const auto reject = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (name.trimmed().isEmpty())
        return reject(QStringLiteral("A profile name must not be empty."));
    if (name.size() > 200)
        return reject(QStringLiteral("A profile name must be at most 200 characters."));
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control)
            return reject(QStringLiteral("A profile name must not contain control characters."));
    }
    return true;
}

QList<Profile> ProfileStore::list(QStringList *problems) const
{
    QList<Profile> out;
    const QDir dir(m_dir);
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &fileName : files) {
        QFile f(dir.filePath(fileName));
        if (!f.open(QIODevice::ReadOnly)) {
            if (problems)
                problems->append(QStringLiteral("%1: %2").arg(f.fileName(), f.errorString()));
            continue;
        }
        const auto json = parseJson(f.readAll());
        Profile p = json ? Profile::fromJson(*json) : Profile{};
        if (!json || p.id.isEmpty() || p.name.isEmpty()) {
            if (problems)
                problems->append(QStringLiteral("%1: not a profile file (skipped)").arg(f.fileName()));
            continue;
        }
        out.append(std::move(p));
    }
    std::sort(out.begin(), out.end(), [](const Profile &a, const Profile &b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return out;
}

std::optional<Profile> ProfileStore::load(const QString &nameOrId) const
{
    const QList<Profile> all = list();
    for (const Profile &p : all) {
        if (p.id == nameOrId)
            return p;
    }
    const QString wanted = nameOrId.trimmed();
    for (const Profile &p : all) {
        if (p.name.compare(wanted, Qt::CaseInsensitive) == 0)
            return p;
    }
    return std::nullopt;
}

ProfileStoreResult ProfileStore::save(Profile &profile)
{
    QString why;
    if (!isValidName(profile.name, &why))
        return failure(ProfileStoreResult::Code::InvalidName, why);
    profile.name = profile.name.trimmed();
    if (profile.id.isEmpty())
        profile.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    else if (!isUuid(profile.id)) // the id becomes a file name: never let it carry a path
        return failure(ProfileStoreResult::Code::InvalidName,
                       QStringLiteral("Profile id '%1' is not a uuid.").arg(profile.id));

    for (const Profile &other : list()) {
        if (other.id != profile.id && other.name.compare(profile.name, Qt::CaseInsensitive) == 0)
            return failure(ProfileStoreResult::Code::NameTaken,
                           QStringLiteral("A profile named '%1' already exists.").arg(other.name));
    }

    if (!QDir().mkpath(m_dir))
        return failure(ProfileStoreResult::Code::IoError,
                       QStringLiteral("Cannot create the profile directory %1.").arg(m_dir));
    QFile::setPermissions(m_dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    nlohmann::json j = profile.toJson(); // by contract without the client secret
    j["format"] = kProfileFileFormat;
    const QByteArray bytes = QByteArray::fromStdString(j.dump(2)) + '\n';

    QSaveFile file(filePath(profile.id));
    if (!file.open(QIODevice::WriteOnly))
        return failure(ProfileStoreResult::Code::IoError,
                       QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    // Set on the temporary file before the rename, so the profile is never world-readable.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return failure(ProfileStoreResult::Code::IoError,
                       QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    emit profilesChanged();
    return {};
}

ProfileStoreResult ProfileStore::removeFile(const Profile &p)
{
    QFile f(filePath(p.id));
    if (f.exists() && !f.remove())
        return failure(ProfileStoreResult::Code::IoError,
                       QStringLiteral("Cannot delete %1: %2").arg(f.fileName(), f.errorString()));
    emit profilesChanged();
    return {};
}

void ProfileStore::remove(const QString &nameOrId, std::function<void(const ProfileStoreResult &)> done)
{
    const auto profile = load(nameOrId);
    if (!profile) {
        done(failure(ProfileStoreResult::Code::NotFound,
                     QStringLiteral("No profile named '%1'.").arg(nameOrId)));
        return;
    }
    if (!m_secrets) {
        done(removeFile(*profile));
        return;
    }
    const Profile p = *profile;
    const auto secretFailed = [](const SecretResult &r) {
        return ProfileStoreResult{
            ProfileStoreResult::Code::SecretStoreError,
            QStringLiteral("The profile was kept because its keychain items could not be "
                           "deleted. %1")
                .arg(r.message),
            r.status};
    };
    // Guard against the store going away while a keychain job is still running.
    QPointer<ProfileStore> self(this);
    m_secrets->deleteSecret(
        SecretStore::tokensKey(p.id), [self, p, done, secretFailed](const SecretResult &r1) {
            if (!self)
                return;
            if (!r1.reachable()) {
                done(secretFailed(r1));
                return;
            }
            self->m_secrets->deleteSecret(SecretStore::clientSecretKey(p.id),
                                          [self, p, done, secretFailed](const SecretResult &r2) {
                                              if (!self)
                                                  return;
                                              if (!r2.reachable()) {
                                                  done(secretFailed(r2));
                                                  return;
                                              }
                                              done(self->removeFile(p));
                                          });
        });
}

ProfileStoreResult ProfileStore::removeSync(const QString &nameOrId)
{
    auto result = std::make_shared<std::optional<ProfileStoreResult>>();
    QEventLoop loop;
    QPointer<QEventLoop> loopGuard(&loop);
    remove(nameOrId, [result, loopGuard](const ProfileStoreResult &r) {
        *result = r;
        if (loopGuard)
            loopGuard->quit();
    });
    if (!result->has_value())
        loop.exec();
    return result->value_or(
        failure(ProfileStoreResult::Code::IoError, QStringLiteral("Removal did not finish.")));
}

} // namespace wb
