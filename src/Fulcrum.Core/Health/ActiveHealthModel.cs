using Fulcrum.Configuration;

namespace Fulcrum.Health;

/// <summary>Compiled active health check settings of one cluster.</summary>
internal sealed record ActiveHealthModel(
    string Path, TimeSpan Interval, TimeSpan Timeout, int HealthyAfter, int UnhealthyAfter, StatusCodeSet ExpectedStatus);
