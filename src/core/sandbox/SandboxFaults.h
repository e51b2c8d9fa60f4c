#pragma once
// The sandbox's fault catalogue: one enum value per misbehaviour, a name table the CLI and the
// GUI list (name, one-line description, affected endpoint), and a small set type.

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace wb {

enum class SandboxFault {
    DenyConsent,
    InvalidClient,
    RedirectUriMismatch,
    ExpiredCode,
    CodeReplay,
    PkceMismatch,
    MissingRefreshToken,
    RefreshRotationReuse,
    RefreshExpired,
    ClockSkew,
    SlowToken,
    ServerError,
    HtmlErrorPage,
    Nonstandard200Error,
    FormEncodedResponse,
    WrongIss,
    BadIdTokenSignature,
    StateTamper,
    AadstsErrors,
};

// One row of the fault table, for --list-faults and the GUI checkboxes.
struct SandboxFaultInfo {
    SandboxFault fault;
    QString name;        // stable spelling used by --fault and profiles, e.g. "code_replay"
    QString description; // one line for checkboxes and --list-faults
    QString endpoint;    // where it shows: "authorize", "token", "all responses"...
};

// Every fault in declaration order.
const QList<SandboxFaultInfo> &sandboxFaultTable();
QString toString(SandboxFault fault);
std::optional<SandboxFault> sandboxFaultFromName(const QString &name);

// A set of faults (a bitmask: cheap to copy between threads of control and to compare).
class SandboxFaultSet {
public:
    SandboxFaultSet() = default;
    SandboxFaultSet(std::initializer_list<SandboxFault> faults);

    bool contains(SandboxFault f) const { return m_bits & bit(f); }
    void insert(SandboxFault f) { m_bits |= bit(f); }
    void remove(SandboxFault f) { m_bits &= ~bit(f); }
    void set(SandboxFault f, bool on) { on ? insert(f) : remove(f); }
    bool isEmpty() const { return m_bits == 0; }
    bool operator==(const SandboxFaultSet &) const = default;

    QList<SandboxFault> toList() const;
    QStringList names() const; // table order

    // Names to a set; unknown names are appended to *unknown and skipped.
    static SandboxFaultSet fromNames(const QStringList &names, QStringList *unknown = nullptr);

private:
    static quint32 bit(SandboxFault f) { return quint32{1} << static_cast<int>(f); }
    quint32 m_bits = 0;
};

} // namespace wb
