"""OCPI 2.2.1: parties and their tokens, the credentials handshake, the Locations and Tariffs
modules (Sender and Receiver), and pulling a CPO's Sender endpoints (sync)."""
