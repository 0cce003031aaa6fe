using Fulcrum.Configuration;

namespace Fulcrum.Resilience;

/// <summary>Compiled retry settings of one cluster.</summary>
internal sealed record RetryModel(int Attempts, StatusCodeSet OnStatus)
{
    public static readonly RetryModel None = new(0, StatusCodeSet.Empty);
}
