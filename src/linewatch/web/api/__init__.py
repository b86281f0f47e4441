"""The partnership API: other agencies' systems submit and read through the same rules as
the web (validation, access policy, audit), with a token per system."""
