#include "oauth/IdTokenCheck.h"

namespace wb {

QString toString(CheckResult r)
{
    switch (r) {
    case CheckResult::Pass:
        return QStringLiteral("pass");
    case CheckResult::Fail:
        return QStringLiteral("fail");
    case CheckResult::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

nlohmann::json checksToJson(const QList<TokenCheck> &checks)
{
    nlohmann::json rows = nlohmann::json::array();
    for (const TokenCheck &c : checks) {
        nlohmann::json row = {{"name", c.name.toStdString()},
                              {"result", toString(c.result).toStdString()},
                              {"expected", c.expected.toStdString()},
                              {"actual", c.actual.toStdString()},
                              {"message", c.message.toStdString()}};
        if (c.result == CheckResult::Fail && !c.code.isEmpty())
            row["code"] = c.code.toStdString();
        rows.push_back(std::move(row));
    }
    return rows;
}

const TokenCheck *firstFailure(const QList<TokenCheck> &checks)
{
    for (const TokenCheck &c : checks) {
        if (c.result == CheckResult::Fail)
            return &c;
    }
    return nullptr;
}

} // namespace wb
