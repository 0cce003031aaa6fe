namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>Where a jwt policy's keys come from: inline (fixed) or fetched from the issuer (cached and refreshed).</summary>
internal interface ISigningKeySource : IAsyncDisposable
{
    /// <summary>The keys in force; null until a remote source has fetched its first set.</summary>
    SigningKeys? Current { get; }

    /// <summary>True when an unknown key id may be looked up again (remote sources).</summary>
    bool CanRefresh { get; }

    /// <summary>Starts a background refresh when the keys are older than the refresh interval; returns at once.</summary>
    void RefreshIfStale();

    /// <summary>
    /// Keys fetched anew because a token named a key id not in <see cref="Current"/>: at most one fetch per cooldown,
    /// shared by every request that asks meanwhile. When the cooldown has not passed, the current keys at once.
    /// </summary>
    ValueTask<SigningKeys?> RefreshForUnknownKeyAsync();
}
