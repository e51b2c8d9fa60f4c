#pragma once
// ProfileAdvancedSection: the profile settings most profiles never change (extra authorization
// parameters, registered redirect URI, trusted certificate, callback and HTTP timeouts), kept
// apart so the profile editor can build them only when its "Advanced" disclosure is first opened
// (docs/gui.md; docs/performance.md, "Start-up: a lighter profile editor").

#include "store/Profile.h"

#include <QWidget>

namespace Ui {
class ProfileAdvancedSection;
}

namespace wb::gui {

class ProfileAdvancedSection : public QWidget {
    Q_OBJECT
public:
    explicit ProfileAdvancedSection(QWidget *parent = nullptr);
    ~ProfileAdvancedSection() override;

    void load(const Profile &profile); // no edited() for this
    // Writes this section's settings into `profile` (an invalid fingerprint is left out).
    void store(Profile &profile) const;
    int httpTimeoutSeconds() const;

    // What of this section's settings differs from a new profile, for the collapsed disclosure:
    // "2 extra parameters", "trusted certificate", "callback timeout 60 s"...; empty when nothing.
    static QStringList describeSet(const Profile &profile);

signals:
    void edited();

private:
    void addParamRow(const QString &name = {}, const QString &value = {});
    void checkPins(const QString &text);

    Ui::ProfileAdvancedSection *ui;
    bool m_loading = false;
};

} // namespace wb::gui
