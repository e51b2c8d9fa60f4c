#pragma once
// InspectorPanel: everything about the selected step or exchange — overview, the request as sent
// (decoded parameters, headers, raw body), the response as received (pretty and raw), timing and
// the PKCE derivation — with "Copy as cURL" (redacted unless asked) and "Copy URL".

#include <QWidget>

class QTableWidget;

namespace Ui {
class InspectorPanel;
}

namespace wb {
struct Session;
struct Exchange;
} // namespace wb

namespace wb::gui {

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(QWidget *parent = nullptr);
    ~InspectorPanel() override;

    void setSession(const Session *session);
    void showSelection(int stepIndex, int exchangeIndex); // -1: none
    void refresh();                                       // the live session changed

    int shownStep() const { return m_step; }
    int shownExchange() const { return m_exchange; } // the exchange on the Request/Response tabs
    QString curlCommand() const;                     // what "Copy as cURL" copies
    QString copyableUrl() const;                     // what "Copy URL" copies

signals:
    void message(const QString &text); // for the status bar

private:
    void render();
    void renderRequest();
    void renderResponse();
    void renderPkce();
    void clearExchangeTabs(const QString &why);
    QString signature() const;
    bool includeSecrets() const;
    static void fillTable(QTableWidget *table, const QList<QStringList> &rows);

    Ui::InspectorPanel *ui;
    const Session *m_session = nullptr;
    int m_step = -1;
    int m_exchange = -1;
    bool m_exchangeSelected = false; // an exchange row (not a step) was picked
    QString m_rendered;              // signature of what is on screen, to skip identical refreshes
};

} // namespace wb::gui
