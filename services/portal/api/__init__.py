from services.portal.api import bidders, committee, evaluation, session, tenders

routers = [session.router, tenders.router, evaluation.router, committee.router, bidders.router]
