#pragma once
// KeychainBanner: the non-blocking message above the work area when no keychain can be used — the
// cause and the fix, and that secrets now live in memory for this session only. Dismissable.

#include <QFrame>

class QLabel;
class QPushButton;

namespace wb::gui {

class SwitchableSecretStore;

class KeychainBanner : public QFrame {
    Q_OBJECT
public:
    explicit KeychainBanner(SwitchableSecretStore *store, QWidget *parent = nullptr);
    QString message() const; // the text shown (plain)

private:
    void update();
    SwitchableSecretStore *m_store;
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_dismiss;
    bool m_dismissed = false;
};

} // namespace wb::gui
