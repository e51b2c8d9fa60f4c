#include "profiles/ProfilesController.h"

#include <QPointer>

namespace wb::gui {

ProfilesController::ProfilesController(const QString &directory, QObject *parent)
    : QObject(parent), m_store(new ProfileStore(directory, nullptr, this)),
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
    Profile out = *p;
    out.clientSecret = m_secrets.value(id);
    return out;
}

ProfileStoreResult ProfilesController::save(Profile &profile)
{
    const QString secret = profile.clientSecret;
    const ProfileStoreResult r = m_store->save(profile); // writes no secret, assigns an id
    if (!r.ok())
        return r;
    if (secret.isEmpty())
        m_secrets.remove(profile.id);
    else
        m_secrets.insert(profile.id, secret);
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
    return p;
}

std::optional<Profile> ProfilesController::duplicate(const QString &id)
{
    auto original = profile(id);
    if (!original)
        return std::nullopt;
    Profile copy = *original;
    copy.name = tr("%1 (copy)").arg(original->name);
    return create(copy);
}

void ProfilesController::remove(const QString &id, std::function<void(const ProfileStoreResult &)> done)
{
    // No SecretStore is attached yet, so only the file goes; the in-memory secret goes with it.
    QPointer<ProfilesController> self(this);
    m_store->remove(id, [self, id, done](const ProfileStoreResult &r) {
        if (self && (r.ok() || r.code == ProfileStoreResult::Code::NotFound)) {
            self->m_secrets.remove(id);
            self->m_model->removeId(id);
        }
        if (done)
            done(r);
    });
}

} // namespace wb::gui
