namespace Fulcrum.Configuration;

/// <summary><c>tcp: {}</c> in an active health check: a probe is a TCP connect, healthy when it is accepted in time.</summary>
internal sealed record TcpProbeConfig;
