from services.portal.api import committee, evaluation, session, tenders

routers = [session.router, tenders.router, evaluation.router, committee.router]
