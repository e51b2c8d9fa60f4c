#include "flow/FlowRunner.h"

#include <QNetworkAccessManager>

namespace wb::gui {

FlowRunner::FlowRunner(QObject *parent) : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

FlowRunner::~FlowRunner()
{
    // The flow goes before the manager it was given.
    m_flow.reset();
}

void FlowRunner::start(const Profile &profile)
{
    if (m_flow) {
        m_flow->disconnect(this);
        m_flow->cancel();
    }
    // The old flow may be inside one of its own signal emissions: delete it later.
    if (AuthCodeFlow *old = m_flow.release())
        old->deleteLater();
    m_flow = std::make_unique<AuthCodeFlow>(profile, m_nam);
    AuthCodeFlow *flow = m_flow.get();
    connect(flow, &AuthCodeFlow::stepChanged, this, &FlowRunner::stepChanged);
    connect(flow, &AuthCodeFlow::exchangeAdded, this, &FlowRunner::exchangeAdded);
    connect(flow, &AuthCodeFlow::waitingForCallback, this, &FlowRunner::waitingForCallback);
    connect(flow, &AuthCodeFlow::finished, this, [this, flow] { emit finished(&flow->session()); });
    emit sessionReplaced(&flow->session());
    flow->start();
}

void FlowRunner::cancel()
{
    if (isRunning())
        m_flow->cancel();
}

void FlowRunner::discard()
{
    if (isRunning() || !m_flow)
        return;
    m_flow->disconnect(this);
    m_flow.release()->deleteLater();
}

} // namespace wb::gui
