using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>
/// Keys fetched from a JWKS URL or by OpenID Connect discovery, cached and refreshed:
/// <list type="bullet">
/// <item>the first fetch starts when the policy is built, off the request path;</item>
/// <item>keys older than <c>refreshInterval</c> are refreshed in the background by the next request;</item>
/// <item>a token naming an unknown <c>kid</c> asks for a refresh, granted at most once per <c>refreshCooldown</c>
///   (counted from the last fetch of any kind), and shared by every request waiting meanwhile;</item>
/// <item>a failed fetch keeps the keys already held: an issuer outage does not lock valid tokens out.</item>
/// </list>
/// Thread-safe: requests read one immutable <see cref="SigningKeys"/> snapshot; fetches are serialised by a lock
/// that is held only to start one.
/// </summary>
internal sealed class RemoteSigningKeySource : ISigningKeySource
{
    private readonly string _policy;
    private readonly Uri? _jwksUrl;
    private readonly Uri? _authority;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _refreshCooldown;
    private readonly IReadOnlySet<string> _algorithms;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JwksClient _client;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private volatile SigningKeys? _current;
    private Task<SigningKeys?>? _inflight;
    private long _lastAttempt;
    private long _lastSuccess;
    private int _fetches;

    public RemoteSigningKeySource(
        string policy, Uri? jwksUrl, Uri? authority, JwtPolicyConfig config, IReadOnlySet<string> algorithms, TimeProvider time, ILogger logger)
    {
        _policy = policy;
        _jwksUrl = jwksUrl;
        _authority = authority;
        _refreshInterval = config.RefreshInterval;
        _refreshCooldown = config.RefreshCooldown;
        _algorithms = algorithms;
        _time = time;
        _logger = logger;
        _client = new JwksClient(config.FetchTimeout, config.RequireHttps);
        lock (_lock)
        {
            StartFetch();
        }
    }

    public SigningKeys? Current => _current;

    public bool CanRefresh => true;

    /// <summary>Fetches started so far, for tests and diagnostics.</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>The fetch in flight, if any; tests wait on it.</summary>
    public Task? Pending
    {
        get
        {
            lock (_lock)
            {
                return _inflight;
            }
        }
    }

    public void RefreshIfStale()
    {
        // A few reads and a clock read, without the lock: cheap enough for every request, even while the issuer is
        // down and the keys stay stale (then only one request per cooldown takes the lock).
        if (_current is not null && _time.GetElapsedTime(Volatile.Read(ref _lastSuccess)) < _refreshInterval)
        {
            return;
        }

        if (_time.GetElapsedTime(Volatile.Read(ref _lastAttempt)) < _refreshCooldown)
        {
            return;
        }

        lock (_lock)
        {
            if (_inflight is null && _time.GetElapsedTime(_lastAttempt) >= _refreshCooldown)
            {
                StartFetch();
            }
        }
    }

    public ValueTask<SigningKeys?> RefreshForUnknownKeyAsync()
    {
        lock (_lock)
        {
            if (_inflight is null && _time.GetElapsedTime(_lastAttempt) >= _refreshCooldown)
            {
                StartFetch();
            }

            return _inflight is { } inflight ? new ValueTask<SigningKeys?>(inflight) : ValueTask.FromResult(_current);
        }
    }

    /// <summary>Called under the lock.</summary>
    private void StartFetch()
    {
        Volatile.Write(ref _lastAttempt, _time.GetTimestamp());
        Interlocked.Increment(ref _fetches);
        _inflight = FetchAsync();
    }

    private async Task<SigningKeys?> FetchAsync()
    {
        // The caller holds the lock and assigns _inflight after this returns; yielding first guarantees that the
        // finally block below, which clears it, runs after that assignment.
        await Task.Yield();
        var url = (_jwksUrl ?? _authority)!.ToString();
        try
        {
            SigningKeys keys;
            if (_jwksUrl is not null)
            {
                keys = Usable(await _client.FetchKeySetAsync(_jwksUrl, _disposed.Token), null, url);
            }
            else
            {
                var (issuer, set, jwksUrl) = await _client.DiscoverAsync(_authority!, _disposed.Token);
                url = jwksUrl.ToString();
                keys = Usable(set, issuer, url);
            }

            _current = keys;
            Volatile.Write(ref _lastSuccess, _time.GetTimestamp());
            AuthLog.SigningKeysLoaded(_logger, _policy, keys.Keys.Count, url);
            AuthMetrics.RecordKeyFetch(_policy, succeeded: true);
        }
        catch (Exception e) when (!_disposed.IsCancellationRequested)
        {
            var kept = _current is null ? "no keys yet" : $"keeping the {_current.Keys.Count} keys already held";
            AuthLog.SigningKeysFetchFailed(_logger, _policy, url, kept, e is OperationCanceledException ? "timed out" : e.Message);
            AuthMetrics.RecordKeyFetch(_policy, succeeded: false);
        }
        catch (Exception) when (_disposed.IsCancellationRequested)
        {
            // The policy was retired mid-fetch; nobody waits for these keys.
        }
        finally
        {
            lock (_lock)
            {
                _inflight = null;
            }
        }

        return _current;
    }

    /// <summary>
    /// The keys fit to verify tokens: RSA and EC signing keys whose declared algorithm is allowed. Symmetric keys
    /// are never taken from a published set: whoever can read it could sign with them.
    /// </summary>
    private SigningKeys Usable(JsonWebKeySet set, string? issuer, string url)
    {
        var keys = new List<SecurityKey>();
        foreach (var key in set.Keys)
        {
            var reason = key switch
            {
                { Use: { Length: > 0 } use } when use != JsonWebKeyUseNames.Sig => $"use '{use}' is not 'sig'",
                { Kty: JsonWebAlgorithmsKeyTypes.Octet } => "symmetric keys are not accepted from a key set",
                _ when SigningAlgorithms.KindOf(key) == SigningKeyKind.Unknown => $"key type '{key.Kty}' is not RSA or EC",
                { Alg: { Length: > 0 } alg } when !_algorithms.Contains(alg) => $"algorithm '{alg}' is not allowed",
                _ => null,
            };
            if (reason is null)
            {
                keys.Add(key);
            }
            else
            {
                AuthLog.SigningKeySkipped(_logger, _policy, key.Kid ?? "(no kid)", url, reason);
            }
        }

        if (keys.Count == 0)
        {
            throw new JwksFetchException("the key set has no usable signing key");
        }

        return new SigningKeys(keys, issuer);
    }

    public async ValueTask DisposeAsync()
    {
        // The token source is cancelled, not disposed: a request still finishing may read it.
        await _disposed.CancelAsync();
        _client.Dispose();
    }
}
