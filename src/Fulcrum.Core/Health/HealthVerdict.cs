namespace Fulcrum.Health;

internal enum HealthVerdict
{
    Unknown,
    Healthy,
    Unhealthy,
}
