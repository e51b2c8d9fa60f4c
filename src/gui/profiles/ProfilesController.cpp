#include "profiles/ProfilesController.h"

#include "store/TokenSetJson.h"

#include <QPointer>

namespace wb::gui {

ProfilesController::ProfilesController(const QString &directory, SecretStore *secrets, QObject *parent)
    : QObject(parent), m_secrets(secrets), m_store(new ProfileStore(directory, secrets, this)),
      m_model(new ProfileListModel(this))
{
    reload();
}

void ProfilesController::reload()
{
    m_problems.clear();
    m_model->setProfiles(m_store->list(&m_problems));
}

std::optional<Profile> ProfilesController::profile(const QString &id) const
{
    const Profile *p = m_model->find(id);
    if (!p)
        return std::nullopt;
    return *p;
}

ProfileStoreResult ProfilesController::save(Profile &profile)
{
    const QString secret = profile.clientSecret;
    const ProfileStoreResult r = m_store->save(profile); // writes no secret, assigns an id
    if (!r.ok())
        return r;
    if (!secret.isEmpty())
        storeSecret(profile.id, secret);
    Profile listed = profile;
    listed.clientSecret.clear();
    m_model->upsert(listed);
    return r;
}

QString ProfilesController::uniqueName(const QString &base) const
{
    auto taken = [this](const QString &name) {
        for (const Profile &p : m_model->profiles())
            if (p.name.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    };
    if (!taken(base))
        return base;
    for (int i = 2;; ++i) {
        const QString candidate = QStringLiteral("%1 %2").arg(base).arg(i);
        if (!taken(candidate))
            return candidate;
    }
}

std::optional<Profile> ProfilesController::create(const Profile &templ)
{
    Profile p = templ;
    p.id.clear();
    p.name = uniqueName(templ.name.isEmpty() ? tr("New profile") : templ.name);
    const ProfileStoreResult r = save(p);
    if (!r.ok()) {
        emit error(r.message);
        return std::nullopt;
    }
    p.clientSecret.clear();
    return p;
}

std::optional<Profile> ProfilesController::duplicate(const QString &id)
{
    auto original = profile(id);
    if (!original)
        return std::nullopt;
    Profile copy = *original;
    copy.name = tr("%1 (copy)").arg(original->name);
    auto created = create(copy);
    if (!created)
        return created;
    QPointer<ProfilesController> self(this);
    readSecret(id, [self, to = created->id](const SecretResult &r) {
        if (self && r.ok())
            self->storeSecret(to, r.value);
    });
    return created;
}

void ProfilesController::remove(const QString &id, std::function<void(const ProfileStoreResult &)> done)
{
    // ProfileStore deletes the keychain items first and keeps the file if it cannot.
    QPointer<ProfilesController> self(this);
    m_store->remove(id, [self, id, done](const ProfileStoreResult &r) {
        if (self && (r.ok() || r.code == ProfileStoreResult::Code::NotFound)) {
            self->m_secretState.remove(id);
            self->m_tokensState.remove(id);
            self->m_itemError.remove(id);
            self->m_model->removeId(id);
        }
        if (done)
            done(r);
    });
}

void ProfilesController::setState(QHash<QString, ItemState> &states, const QString &id, const SecretResult &r,
                                  bool written)
{
    ItemState s = ItemState::Error;
    if (r.ok())
        s = written ? ItemState::Stored : ItemState::NotStored;
    else if (r.status == SecretStatus::NotFound)
        s = ItemState::NotStored;
    if (s == ItemState::Error)
        m_itemError.insert(id, r.message);
    const bool changed = states.value(id, ItemState::Unknown) != s;
    states.insert(id, s);
    if (changed || s == ItemState::Error)
        emit storedItemsChanged(id);
}

void ProfilesController::readSecret(const QString &id, SecretStore::Callback done)
{
    QPointer<ProfilesController> self(this);
    m_secrets->readSecret(SecretStore::clientSecretKey(id), [self, id, done](const SecretResult &r) {
        if (self)
            self->setState(self->m_secretState, id, r, true);
        if (done)
            done(r);
    });
}

void ProfilesController::storeSecret(const QString &id, const QString &secret, SecretStore::Callback done)
{
    QPointer<ProfilesController> self(this);
    m_secrets->writeSecret(SecretStore::clientSecretKey(id), secret, [self, id, done](const SecretResult &r) {
        if (self) {
            if (r.ok())
                self->setState(self->m_secretState, id, r, true);
            else
                emit self->error(r.message);
        }
        if (done)
            done(r);
    });
}

void ProfilesController::forgetSecret(const QString &id, SecretStore::Callback done)
{
    QPointer<ProfilesController> self(this);
    m_secrets->deleteSecret(SecretStore::clientSecretKey(id), [self, id, done](const SecretResult &r) {
        if (self)
            self->setState(self->m_secretState, id, r, false);
        if (done)
            done(r);
    });
}

void ProfilesController::readTokens(
    const QString &id, std::function<void(const std::optional<TokenSet> &, const SecretResult &)> done)
{
    QPointer<ProfilesController> self(this);
    m_secrets->readSecret(SecretStore::tokensKey(id), [self, id, done](const SecretResult &r) {
        std::optional<TokenSet> tokens;
        SecretResult result = r;
        if (r.ok()) {
            QString why;
            tokens = tokenSetFromText(r.value, &why);
            if (!tokens)
                result = {
                    SecretStatus::OtherError,
                    {},
                    tr("The stored token set is unreadable (%1); sign in again to replace it.").arg(why)};
        }
        result.value.clear(); // the caller gets the parsed set, not the raw text
        if (self)
            self->setState(self->m_tokensState, id, r, true);
        if (done)
            done(tokens, result);
    });
}

void ProfilesController::storeTokens(const QString &id, const TokenSet &tokens, SecretStore::Callback done)
{
    QPointer<ProfilesController> self(this);
    m_secrets->writeSecret(SecretStore::tokensKey(id), tokenSetToText(tokens),
                           [self, id, done](const SecretResult &r) {
                               if (self && r.ok())
                                   self->setState(self->m_tokensState, id, r, true);
                               if (done)
                                   done(r);
                           });
}

void ProfilesController::forgetTokens(const QString &id, SecretStore::Callback done)
{
    QPointer<ProfilesController> self(this);
    m_secrets->deleteSecret(SecretStore::tokensKey(id), [self, id, done](const SecretResult &r) {
        if (self)
            self->setState(self->m_tokensState, id, r, false);
        if (done)
            done(r);
    });
}

} // namespace wb::gui
