namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>Inline keys (<c>secret</c>, <c>publicKeys</c>): fixed for the life of the policy.</summary>
internal sealed class StaticSigningKeySource(SigningKeys keys) : ISigningKeySource
{
    public SigningKeys? Current { get; } = keys;

    public bool CanRefresh => false;

    public void RefreshIfStale()
    {
    }

    public ValueTask<SigningKeys?> RefreshForUnknownKeyAsync() => ValueTask.FromResult(Current);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
