-- Each service owns its database; one PostgreSQL server holds all four in docker-compose.
CREATE DATABASE procurement;
CREATE DATABASE scoring;
CREATE DATABASE notifications;
CREATE DATABASE audit;
