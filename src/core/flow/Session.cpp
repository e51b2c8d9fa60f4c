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
    const qsizetype at = m_exchangeIndex.find(exchanges, xid);
    return at < 0 ? nullptr : &exchanges.at(at);
}

const Step *Session::step(const QString &sid) const
{
    const qsizetype at = m_stepIndex.find(steps, sid);
    return at < 0 ? nullptr : &steps.at(at);
}

Step *Session::step(const QString &sid)
{
    const qsizetype at = m_stepIndex.find(std::as_const(steps), sid);
    return at < 0 ? nullptr : &steps[at];
}

} // namespace wb
