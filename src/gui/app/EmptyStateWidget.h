#pragma once
// EmptyStateWidget: what a first launch shows (no profiles yet) — what the workbench does and
// the next step: create a profile, try the built-in sandbox, or open a saved session.

#include <QWidget>

namespace Ui {
class EmptyStateWidget;
}

namespace wb::gui {

class EmptyStateWidget : public QWidget {
    Q_OBJECT
public:
    explicit EmptyStateWidget(QWidget *parent = nullptr);
    ~EmptyStateWidget() override;

    // Enables "Try the built-in sandbox", or explains why it is not available.
    void setSandboxAvailable(bool available, const QString &why = {});

signals:
    void createProfileRequested();
    void sandboxRequested();
    void openSessionRequested();

private:
    Ui::EmptyStateWidget *ui;
};

} // namespace wb::gui
