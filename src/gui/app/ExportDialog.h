#pragma once
// ExportDialog: File > Export Report — picks the format, the file and the redaction (standard,
// full, or secrets included behind an explicit checkbox and a warning), then writes the report
// through the core exporters. The window only opens it and shows the status message.

#include "flow/Session.h"
#include "report/ReportOptions.h"

#include <QDateTime>
#include <QDialog>

namespace Ui {
class ExportDialog;
}

namespace wb::gui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // `session` must outlive the dialog; it keeps its secretValues for redaction. `directory`:
    // where the suggested file name goes.
    ExportDialog(const Session &session, const QString &directory, QWidget *parent = nullptr,
                 const QDateTime &now = QDateTime::currentDateTime());
    ~ExportDialog() override;

    ReportFormat format() const;
    RedactionMode redaction() const;
    QString path() const;
    void setFormat(ReportFormat f);
    // None only takes effect once secrets are allowed (the checkbox), as for a user.
    void setAllowSecrets(bool allow);
    void setRedaction(RedactionMode m);
    void setPath(const QString &path);

    // Renders and writes the report; false with a plain message.
    bool save(QString *error);

    void accept() override; // saves; stays open with a message box on failure

private:
    void onFormatChanged();
    void updateRedactionControls();
    void browse();

    Ui::ExportDialog *ui;
    const Session &m_session;
    QDateTime m_now;
};

} // namespace wb::gui
