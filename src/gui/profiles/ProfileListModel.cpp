#include "profiles/ProfileListModel.h"

namespace wb::gui {

void ProfileListModel::setProfiles(const QList<Profile> &profiles)
{
    beginResetModel();
    m_profiles = profiles;
    endResetModel();
}

void ProfileListModel::upsert(const Profile &profile)
{
    const int row = rowOf(profile.id);
    if (row >= 0) {
        m_profiles[row] = profile;
        emit dataChanged(index(row), index(row));
        return;
    }
    const int at = int(m_profiles.size());
    beginInsertRows({}, at, at);
    m_profiles.append(profile);
    endInsertRows();
}

void ProfileListModel::removeId(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_profiles.removeAt(row);
    endRemoveRows();
}

int ProfileListModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_profiles.size(); ++i)
        if (m_profiles[i].id == id)
            return i;
    return -1;
}

const Profile *ProfileListModel::find(const QString &id) const
{
    const int row = rowOf(id);
    return row >= 0 ? &m_profiles[row] : nullptr;
}

int ProfileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

QVariant ProfileListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_profiles.size())
        return {};
    const Profile &p = m_profiles[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return p.name;
    case Qt::ToolTipRole: {
        const QString where = p.issuer.isEmpty() ? p.authorizationEndpoint : p.issuer;
        return where.isEmpty() ? p.name : QStringLiteral("%1\n%2\nclient %3").arg(p.name, where, p.clientId);
    }
    case IdRole:
        return p.id;
    default:
        return {};
    }
}

} // namespace wb::gui
