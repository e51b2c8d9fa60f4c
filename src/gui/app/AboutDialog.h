#pragma once
// AboutDialog: the version of OAuth Workbench, the libraries it runs with, and where it keeps
// profiles and session history (for bug reports).

#include <QDialog>

namespace Ui {
class AboutDialog;
}

namespace wb::gui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    AboutDialog(const QString &profilesDir, const QString &historyDir, QWidget *parent = nullptr);
    ~AboutDialog() override;

private:
    Ui::AboutDialog *ui;
};

} // namespace wb::gui
