from services.portal.api import audit, bidders, committee, contracts, evaluation, impact, session, tenders

routers = [
    session.router,
    tenders.router,
    evaluation.router,
    committee.router,
    bidders.router,
    impact.router,
    audit.router,
    contracts.router,
]
