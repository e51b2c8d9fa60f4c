#pragma once
// One row of a token check table: what was checked, pass/fail/skipped, and the values compared,
// so the GUI, the CLI and reports show the evidence rather than a bare verdict.

#include <QList>
#include <QString>
#include <nlohmann/json.hpp>

namespace wb {

enum class CheckResult { Pass, Fail, Skipped };
QString toString(CheckResult r);

// One check: its verdict and the two values compared, as shown to the user.
struct TokenCheck {
    QString name; // "signature", "iss", "aud"...
    CheckResult result = CheckResult::Skipped;
    QString expected;
    QString actual;
    QString message; // one sentence: why it failed, or why it was skipped
    QString code;    // the error code a failure maps to (id_token_iss...), empty otherwise
};

// [{"name","result","expected","actual","message"[,"code"]}]
nlohmann::json checksToJson(const QList<TokenCheck> &checks);
// The first failed row, or nullptr.
const TokenCheck *firstFailure(const QList<TokenCheck> &checks);

} // namespace wb
