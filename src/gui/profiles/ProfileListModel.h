#pragma once
// ProfileListModel: the profiles shown in the sidebar (name, with the issuer as tooltip). Rows keep
// their place when a profile is edited so the selection never jumps while typing.

#include "store/Profile.h"

#include <QAbstractListModel>

namespace wb::gui {

class ProfileListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1 };
    using QAbstractListModel::QAbstractListModel;

    void setProfiles(const QList<Profile> &profiles);
    void upsert(const Profile &profile); // replaces by id, else appends
    void removeId(const QString &id);
    int rowOf(const QString &id) const;
    const Profile *find(const QString &id) const;
    const QList<Profile> &profiles() const { return m_profiles; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

private:
    QList<Profile> m_profiles;
};

} // namespace wb::gui
