"""The Chainlit front end: logins and roles, rendering, persistence, origins and admin flows."""
