using Fulcrum.Configuration;

namespace Fulcrum.Health;

/// <summary>Compiled active health check settings of one cluster; <c>TcpConnect</c> probes with a TCP connect, not HTTP.</summary>
internal sealed record ActiveHealthModel(
    string Path, TimeSpan Interval, TimeSpan Timeout, int HealthyAfter, int UnhealthyAfter, StatusCodeSet ExpectedStatus, bool TcpConnect = false);
