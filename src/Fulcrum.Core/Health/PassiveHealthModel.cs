using Fulcrum.Configuration;

namespace Fulcrum.Health;

/// <summary>Compiled passive health settings of one cluster.</summary>
internal sealed record PassiveHealthModel(int ConsecutiveFailures, TimeSpan EjectFor, StatusCodeSet FailureStatus);
