"""The platform: API keys, rate limits and quotas, usage and billing, exchange rates."""
