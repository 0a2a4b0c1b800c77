from services.portal.api import evaluation, session, tenders

routers = [session.router, tenders.router, evaluation.router]
