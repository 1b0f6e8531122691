-- Runs once, when the database volume is created: the demo destination besides the control
-- database (POSTGRES_DB).
CREATE DATABASE klaviyo_demo;
