#include "flow/Session.h"

namespace wb {

QString toString(Outcome o)
{
    switch (o) {
    case Outcome::Running:
        return QStringLiteral("running");
    case Outcome::Succeeded:
        return QStringLiteral("succeeded");
    case Outcome::Failed:
        return QStringLiteral("failed");
    case Outcome::Cancelled:
        return QStringLiteral("cancelled");
    case Outcome::Interrupted:
        return QStringLiteral("interrupted");
    }
    return QStringLiteral("running");
}

Outcome outcomeFromString(const QString &s)
{
    if (s == u"succeeded")
        return Outcome::Succeeded;
    if (s == u"failed")
        return Outcome::Failed;
    if (s == u"cancelled")
        return Outcome::Cancelled;
    if (s == u"interrupted")
        return Outcome::Interrupted;
    return Outcome::Running;
}

const Exchange *Session::exchange(const QString &xid) const
{
    for (const auto &x : exchanges)
        if (x.id == xid)
            return &x;
    return nullptr;
}

const Step *Session::step(const QString &sid) const
{
    for (const auto &s : steps)
        if (s.id == sid)
            return &s;
    return nullptr;
}

Step *Session::step(const QString &sid)
{
    for (auto &s : steps)
        if (s.id == sid)
            return &s;
    return nullptr;
}

} // namespace wb
