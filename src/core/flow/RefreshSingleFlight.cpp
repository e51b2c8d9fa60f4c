#include "flow/RefreshSingleFlight.h"

#include "Version.h"
#include "flow/RefreshOperation.h"
#include "store/TokenSetJson.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLockFile>
#include <QStandardPaths>
#include <QTimer>

namespace wb {

struct RefreshSingleFlight::Flight {
    Profile profile;
    TokenSet known;
    RefreshOptions options;
    QList<Callback> callbacks;
    std::unique_ptr<QLockFile> lock;
    QDateTime lockDeadline;
    RefreshOperation *operation = nullptr;
};

RefreshSingleFlight::RefreshSingleFlight(SecretStore *secrets, QNetworkAccessManager *nam, QString lockDir,
                                         Clock clock, QObject *parent)
    : QObject(parent), m_secrets(secrets), m_nam(nam),
      m_lockDir(lockDir.isEmpty() ? defaultLockDir() : std::move(lockDir)), m_clock(std::move(clock))
{
}

RefreshSingleFlight::~RefreshSingleFlight() = default;

QString RefreshSingleFlight::defaultLockDir()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (base.isEmpty())
        base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    if (base.isEmpty())
        base = QDir::tempPath();
    return base + QLatin1Char('/') + QString::fromLatin1(kAppId);
}

QString RefreshSingleFlight::lockFilePath(const QString &dir, const QString &profileId)
{
    // Hashed so any id spelling makes a safe file name.
    const QByteArray h =
        QCryptographicHash::hash(profileId.toUtf8(), QCryptographicHash::Sha256).toHex().left(32);
    return dir + QStringLiteral("/refresh-") + QString::fromLatin1(h) + QStringLiteral(".lock");
}

void RefreshSingleFlight::refresh(const Profile &profile, const TokenSet &known,
                                  const RefreshOptions &options, Callback done)
{
    const QString key = profile.id.isEmpty() ? profile.name : profile.id;
    if (auto it = m_flights.find(key); it != m_flights.end()) {
        // In-process single-flight: the running refresh answers this caller too.
        (*it)->callbacks.append([done](const Result &r) {
            Result shared = r;
            shared.joined = true;
            done(shared);
        });
        return;
    }
    auto flight = std::make_shared<Flight>();
    flight->profile = profile;
    flight->known = known;
    flight->options = options;
    flight->callbacks.append(std::move(done));
    QDir().mkpath(m_lockDir);
    flight->lock = std::make_unique<QLockFile>(lockFilePath(m_lockDir, key));
    // A process that died holding the lock frees it after this long (QLockFile also checks the pid).
    flight->lock->setStaleLockTime(5 * 60 * 1000);
    flight->lockDeadline = QDateTime::currentDateTimeUtc().addMSecs(m_lockTimeoutMs);
    m_flights.insert(key, flight);
    QTimer::singleShot(0, this, [this, key] { tryLock(key); });
}

void RefreshSingleFlight::tryLock(const QString &key)
{
    const auto flight = m_flights.value(key);
    if (!flight)
        return;
    if (flight->lock->tryLock(0)) {
        onLocked(key);
        return;
    }
    if (flight->lock->error() == QLockFile::LockFailedError &&
        QDateTime::currentDateTimeUtc() < flight->lockDeadline) {
        QTimer::singleShot(100, this, [this, key] { tryLock(key); }); // another process is refreshing
        return;
    }
    Result r;
    r.session = RefreshOperation::alreadyRefreshed(flight->profile, flight->known, m_clock);
    r.session.outcome = Outcome::Failed;
    r.session.steps.first().status = StepStatus::Failed;
    r.session.error = Error::make(
        ErrorKind::Config, QStringLiteral("refresh_lock"),
        flight->lock->error() == QLockFile::LockFailedError
            ? QStringLiteral("Another process kept refreshing this profile's tokens for too long (lock %1).")
                  .arg(lockFilePath(m_lockDir, key))
            : QStringLiteral("Cannot create the refresh lock file %1.").arg(lockFilePath(m_lockDir, key)));
    r.session.steps.first().summary = r.session.error.message;
    r.session.steps.first().error = r.session.error;
    complete(key, r);
}

void RefreshSingleFlight::onLocked(const QString &key)
{
    const auto flight = m_flights.value(key);
    if (!flight)
        return;
    const auto proceed = [this, key, flight](const TokenSet &current) {
        auto *op = new RefreshOperation(flight->profile, current, m_nam, flight->options, m_clock, this);
        flight->operation = op;
        connect(op, &RefreshOperation::finished, this, [this, key, flight, op] {
            Result r;
            r.session = op->session();
            op->deleteLater();
            if (r.session.outcome != Outcome::Succeeded || flight->profile.id.isEmpty() || !m_secrets) {
                complete(key, r);
                return;
            }
            m_secrets->writeSecret(SecretStore::tokensKey(flight->profile.id),
                                   tokenSetToText(r.session.tokens),
                                   [this, key, r](const SecretResult &w) mutable {
                                       r.stored = w.ok();
                                       r.storeResult = w;
                                       r.keychainFailed = !w.ok();
                                       complete(key, r);
                                   });
        });
        emit operationStarted(key, op);
        op->start();
    };
    if (flight->profile.id.isEmpty() || !m_secrets) {
        proceed(flight->known);
        return;
    }
    // Under the lock: the stored set is the truth (another process may have rotated the token).
    m_secrets->readSecret(SecretStore::tokensKey(flight->profile.id), [this, key, flight,
                                                                       proceed](const SecretResult &rr) {
        if (rr.status == SecretStatus::NotFound) {
            proceed(flight->known);
            return;
        }
        std::optional<TokenSet> stored;
        QString parseError;
        if (rr.ok())
            stored = tokenSetFromText(rr.value, &parseError);
        if (!stored) {
            Result r;
            r.session = RefreshOperation::alreadyRefreshed(flight->profile, flight->known, m_clock);
            r.keychainFailed = true;
            r.storeResult = rr;
            r.session.outcome = Outcome::Failed;
            r.session.error =
                Error::make(ErrorKind::Config, QStringLiteral("keychain"),
                            rr.ok() ? QStringLiteral("The stored token set is unreadable: %1").arg(parseError)
                                    : rr.message);
            r.session.steps.first().status = StepStatus::Failed;
            r.session.steps.first().summary = r.session.error.message;
            r.session.steps.first().error = r.session.error;
            complete(key, r);
            return;
        }
        const TokenSet &known = flight->known;
        const bool newer = !known.refreshToken.isEmpty() && stored->refreshToken != known.refreshToken &&
                           (!known.obtainedAt.isValid() || stored->obtainedAt >= known.obtainedAt);
        if (newer) {
            Result r;
            r.session = RefreshOperation::alreadyRefreshed(flight->profile, *stored, m_clock);
            r.fromOtherProcess = true;
            complete(key, r);
            return;
        }
        proceed(*stored);
    });
}

void RefreshSingleFlight::complete(const QString &key, Result result)
{
    const auto flight = m_flights.take(key);
    if (!flight)
        return;
    if (flight->lock->isLocked())
        flight->lock->unlock();
    for (const Callback &cb : flight->callbacks)
        cb(result);
}

} // namespace wb
