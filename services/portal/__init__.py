"""The portal: server-rendered pages for officers (and later bidders and auditors), a client of the other
services' HTTP APIs only. It owns no data and listens to no events."""
