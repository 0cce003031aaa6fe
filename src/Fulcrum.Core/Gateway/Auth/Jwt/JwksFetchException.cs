namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>A key set or discovery document could not be fetched or used; the message says why, without secrets.</summary>
internal sealed class JwksFetchException(string message) : Exception(message);
