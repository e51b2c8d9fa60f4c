#include "tokens/TokenActions.h"

#include "flow/IntrospectionOperation.h"
#include "flow/RaceProbeOperation.h"
#include "flow/RefreshOperation.h"
#include "flow/RevocationOperation.h"
#include "flow/UserinfoOperation.h"
#include "store/SecretStore.h"
#include "store/TokenSetJson.h"

#include <QPointer>
#include <QSettings>
#include <QTimer>
#include <algorithm>

namespace wb::gui {

namespace {
QString clockText(qint64 secs)
{
    secs = std::max<qint64>(0, secs);
    if (secs >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(secs / 3600)
            .arg((secs / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(secs % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(secs / 60).arg(secs % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

TokenActions::TokenActions(SecretStore *secrets, QNetworkAccessManager *nam, QSettings *settings,
                           QObject *parent)
    : QObject(parent), m_secrets(secrets), m_nam(nam), m_settings(settings), m_flight(secrets, nam),
      m_tick(new QTimer(this))
{
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &TokenActions::tick);
    connect(&m_flight, &RefreshSingleFlight::operationStarted, this,
            [this](const QString &, RefreshOperation *op) {
                connect(op, &TokenOperation::stepChanged, this, &TokenActions::stepChanged);
                connect(op, &TokenOperation::exchangeAdded, this, &TokenActions::exchangeAdded);
                // The flight deletes the operation later: show a copy from the moment it ends.
                connect(op, &TokenOperation::finished, this, [this, op] {
                    m_result = std::make_unique<Session>(op->session());
                    m_showingOp = false;
                    emit sessionReplaced(m_result.get());
                });
                m_showingOp = false;
                m_result.reset();
                emit sessionReplaced(&op->session());
            });
}

TokenActions::~TokenActions() = default;

const Session *TokenActions::session() const
{
    if (m_showingOp && m_op)
        return &m_op->session();
    return m_result.get();
}

void TokenActions::setProfile(const Profile &profile)
{
    if (profile.id == m_profile.id && !profile.id.isEmpty()) {
        m_profile = profile;
        return;
    }
    ++m_generation;
    m_profile = profile;
    m_policy = AutoRefreshPolicy();
    m_decision = {};
    loadAutoSettings();
    if (m_autoOn)
        scheduleFromStore();
    emit autoStatusChanged(autoStatus());
}

void TokenActions::loadAutoSettings()
{
    m_autoOn = false;
    AutoRefreshSettings s = m_policy.settings();
    if (m_settings && !m_profile.id.isEmpty()) {
        const QString base = QStringLiteral("tokens/%1/").arg(m_profile.id);
        m_autoOn = m_settings->value(base + QStringLiteral("auto_refresh"), false).toBool();
        s.marginSeconds =
            std::clamp(m_settings->value(base + QStringLiteral("margin"), 60).toInt(), 5, 86400);
    }
    m_policy.setSettings(s);
    if (m_autoOn)
        m_tick->start();
    else
        m_tick->stop();
}

void TokenActions::setAutoRefresh(bool on, int marginSeconds)
{
    AutoRefreshSettings s = m_policy.settings();
    s.marginSeconds = std::clamp(marginSeconds, 5, 86400);
    m_policy = AutoRefreshPolicy(s); // a new choice starts without back-off history
    m_autoOn = on && !m_profile.id.isEmpty();
    if (m_settings && !m_profile.id.isEmpty()) {
        const QString base = QStringLiteral("tokens/%1/").arg(m_profile.id);
        m_settings->setValue(base + QStringLiteral("auto_refresh"), m_autoOn);
        m_settings->setValue(base + QStringLiteral("margin"), s.marginSeconds);
    }
    m_decision = {};
    if (m_autoOn) {
        m_tick->start();
        scheduleFromStore();
    } else {
        m_tick->stop();
    }
    emit autoStatusChanged(autoStatus());
}

void TokenActions::scheduleFromStore()
{
    if (!m_secrets || m_profile.id.isEmpty())
        return;
    const int gen = m_generation;
    m_secrets->readSecret(SecretStore::tokensKey(m_profile.id), [this, gen](const SecretResult &r) {
        if (gen != m_generation || !m_autoOn)
            return;
        const auto tokens = r.ok() ? tokenSetFromText(r.value) : std::nullopt;
        if (!tokens) {
            m_decision = {};
            m_decision.message = r.status == SecretStatus::NotFound || r.ok()
                                     ? tr("No stored tokens to refresh: run the flow first.")
                                     : r.message;
        } else {
            m_decision = m_policy.schedule(*tokens, m_clock());
        }
        emit autoStatusChanged(autoStatus());
    });
}

QString TokenActions::autoStatus() const
{
    if (!m_autoOn)
        return m_decision.state == AutoRefreshPolicy::State::Stopped ? m_decision.message : QString();
    const QDateTime now = m_clock();
    switch (m_decision.state) {
    case AutoRefreshPolicy::State::Scheduled:
        if (m_running)
            return tr("Auto-refresh: refreshing…");
        return tr("Auto-refresh in %1 (at %2, %3 s before expiry)")
            .arg(clockText(now.secsTo(m_decision.at)),
                 m_decision.at.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
            .arg(m_policy.settings().marginSeconds);
    case AutoRefreshPolicy::State::BackingOff:
        return tr("%1 Next try in %2.").arg(m_decision.message, clockText(now.secsTo(m_decision.at)));
    case AutoRefreshPolicy::State::Stopped:
    case AutoRefreshPolicy::State::Idle:
        break;
    }
    return m_decision.message.isEmpty() ? tr("Auto-refresh on: waiting for tokens.") : m_decision.message;
}

void TokenActions::tick()
{
    if (m_autoOn && !m_running &&
        (m_decision.state == AutoRefreshPolicy::State::Scheduled ||
         m_decision.state == AutoRefreshPolicy::State::BackingOff) &&
        m_clock() >= m_decision.at) {
        setRunning(true);
        startRefresh(true);
    }
    emit autoStatusChanged(autoStatus());
}

void TokenActions::setRunning(bool on)
{
    if (m_running == on)
        return;
    m_running = on;
    emit runningChanged(on);
}

void TokenActions::fail(const QString &message)
{
    setRunning(false);
    emit error(message);
}

void TokenActions::withSecretAndTokens(const std::function<void(const Profile &, const TokenSet &)> &go)
{
    if (!m_secrets) {
        fail(tr("No secret store: the stored tokens cannot be read."));
        return;
    }
    const int gen = m_generation;
    const auto readTokens = [this, gen, go](const Profile &p) {
        m_secrets->readSecret(SecretStore::tokensKey(p.id), [this, gen, go, p](const SecretResult &r) {
            if (gen != m_generation)
                return fail(tr("The profile changed before the stored tokens were read."));
            if (r.status == SecretStatus::NotFound)
                return fail(tr("No tokens are stored for \"%1\": run the flow first.").arg(p.name));
            if (!r.ok())
                return fail(tr("The stored tokens of \"%1\" could not be read: %2").arg(p.name, r.message));
            QString parseError;
            const auto tokens = tokenSetFromText(r.value, &parseError);
            if (!tokens)
                return fail(tr("The stored tokens of \"%1\" are unreadable: %2").arg(p.name, parseError));
            go(p, *tokens);
        });
    };
    if (m_profile.authMethod == ClientAuthMethod::None || !m_profile.clientSecret.isEmpty()) {
        readTokens(m_profile);
        return;
    }
    m_secrets->readSecret(
        SecretStore::clientSecretKey(m_profile.id), [this, gen, readTokens](const SecretResult &r) {
            if (gen != m_generation)
                return fail(tr("The profile changed before its secret was read."));
            Profile p = m_profile;
            if (r.ok())
                p.clientSecret = r.value;
            else if (r.status != SecretStatus::NotFound)
                return fail(tr("The client secret of \"%1\" could not be read: %2").arg(p.name, r.message));
            readTokens(p);
        });
}

void TokenActions::run(Action action, int parallel)
{
    if (m_running || m_profile.id.isEmpty())
        return;
    setRunning(true);
    if (action == Action::Refresh) {
        startRefresh(false);
        return;
    }
    withSecretAndTokens([this, action, parallel](const Profile &p, const TokenSet &t) {
        std::unique_ptr<TokenOperation> op;
        switch (action) {
        case Action::RevokeAccess:
            op = std::make_unique<RevocationOperation>(p, t, TokenChoice::Access, m_nam);
            break;
        case Action::RevokeRefresh:
            op = std::make_unique<RevocationOperation>(p, t, TokenChoice::Refresh, m_nam);
            break;
        case Action::Introspect:
            op = std::make_unique<IntrospectionOperation>(p, t, TokenChoice::Access, m_nam);
            break;
        case Action::IntrospectRefresh:
            op = std::make_unique<IntrospectionOperation>(p, t, TokenChoice::Refresh, m_nam);
            break;
        case Action::Userinfo:
            op = std::make_unique<UserinfoOperation>(p, t, m_nam);
            break;
        case Action::RaceProbe:
            op = std::make_unique<RaceProbeOperation>(p, t, parallel, m_nam);
            break;
        case Action::Refresh:
            return;
        }
        startOperation(std::move(op));
    });
}

void TokenActions::startOperation(std::unique_ptr<TokenOperation> op)
{
    m_op = std::move(op);
    m_showingOp = true;
    TokenOperation *raw = m_op.get();
    connect(raw, &TokenOperation::stepChanged, this, &TokenActions::stepChanged);
    connect(raw, &TokenOperation::exchangeAdded, this, &TokenActions::exchangeAdded);
    connect(raw, &TokenOperation::finished, this, [this, raw] {
        auto *race = qobject_cast<RaceProbeOperation *>(raw);
        if (race && race->tokensToStore() && m_secrets) {
            // The probe used up the stored refresh token: keep what is still usable.
            m_secrets->writeSecret(SecretStore::tokensKey(raw->session().profile.id),
                                   tokenSetToText(*race->tokensToStore()), [](const SecretResult &) {});
        }
        done(raw->session(), false);
    });
    emit sessionReplaced(&raw->session());
    raw->start();
}

void TokenActions::startRefresh(bool automatic)
{
    const int gen = m_generation;
    withSecretAndTokens([this, automatic, gen](const Profile &p, const TokenSet &t) {
        m_flight.refresh(p, t, {}, [this, automatic, gen](const RefreshSingleFlight::Result &r) {
            if (gen != m_generation) {
                setRunning(false);
                return;
            }
            if (!m_result || m_result->id != r.session.id) {
                // No operation ran (another process had refreshed, or the lock failed).
                m_result = std::make_unique<Session>(r.session);
                m_showingOp = false;
                emit sessionReplaced(m_result.get());
            }
            if (r.keychainFailed)
                emit error(tr("The refreshed tokens could not be stored: %1").arg(r.storeResult.message));
            done(*m_result, automatic);
        });
    });
}

void TokenActions::done(const Session &session, bool automaticRefresh)
{
    setRunning(false);
    const bool isRefresh = !session.steps.isEmpty() && session.steps.last().kind == StepKind::Refresh;
    if (m_autoOn && isRefresh) {
        m_decision = m_policy.afterRefresh(session, m_clock());
        if (m_decision.state == AutoRefreshPolicy::State::Stopped)
            m_tick->stop();
    } else if (m_autoOn && (automaticRefresh || session.outcome == Outcome::Succeeded)) {
        scheduleFromStore(); // a revocation or race may have changed what is stored
    }
    emit finished(&session);
    emit autoStatusChanged(autoStatus());
}

} // namespace wb::gui
