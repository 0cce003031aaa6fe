using System.Text;
using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.Auth.ApiKeys;

/// <summary>
/// Admits a request that presents a known API key (in a header, else a query parameter) and names its consumer by
/// the key's id; answers 401 otherwise, or 400 when the key is given more than once. Thread-safe; the success path
/// hashes on the stack and allocates nothing when the key comes in a header.
/// </summary>
/// <remarks>
/// Keys from a <c>keysFile</c> are swapped in whole when the file changes; a file that fails to read or parse
/// leaves the previous set in place (and is logged), so a half-written file never locks everyone out.
/// </remarks>
internal sealed class ApiKeyPolicy : IRequestPolicy, IAsyncDisposable
{
    /// <summary>Longest key hashed; anything longer is refused unread (keys are random strings, not documents).</summary>
    public const int MaxKeyLength = 512;

    private static readonly ValueTask<bool> Continue = ValueTask.FromResult(true);
    private readonly string _name;
    private readonly string? _header;
    private readonly string? _query;
    private readonly string? _upstreamHeader;
    private readonly bool _forwardKey;
    private readonly IReadOnlyList<ApiKeyConfig> _inline;
    private readonly string? _keysFile;
    private readonly ILogger _logger;
    private readonly ApiKeysFileWatcher? _watcher;
    private readonly AuthRejection _missing;
    private readonly AuthRejection _invalid;
    private readonly AuthRejection _ambiguous;
    private volatile ApiKeySet _keys;
    private int _fileLoads;
    private int _fileRejections;

    public ApiKeyPolicy(string name, ApiKeyPolicyConfig config, string? keysFile, TimeProvider time, ILogger logger)
    {
        _name = name;
        _header = config.EffectiveHeader();
        _query = config.Query;
        _upstreamHeader = config.UpstreamHeader;
        _forwardKey = config.ForwardKey;
        _inline = config.Keys;
        _keysFile = keysFile;
        _logger = logger;

        var challenge = $"ApiKey realm={AuthRejection.Quote(config.Realm)}"
            + (_header is null ? "" : $", header={AuthRejection.Quote(_header)}")
            + (_query is null ? "" : $", query={AuthRejection.Quote(_query)}");
        _missing = new AuthRejection(StatusCodes.Status401Unauthorized, challenge, "an API key is required", "missing");
        _invalid = new AuthRejection(StatusCodes.Status401Unauthorized, challenge, "the API key is not valid", "invalid");
        _ambiguous = new AuthRejection(StatusCodes.Status400BadRequest, challenge, "the API key is given more than once", "ambiguous");

        if (keysFile is not null)
        {
            _watcher = new ApiKeysFileWatcher(keysFile, time, Reload);
        }

        // The config validated, so the keys did too; a keys file edited since then may not, and then the policy starts
        // with its inline keys alone until the file is fixed.
        _keys = Load(out var errors) ?? InlineOnly();
        if (errors.Count > 0)
        {
            AuthLog.KeysFileRejected(_logger, _name, _keysFile!, string.Join("; ", errors));
        }
        else if (keysFile is not null)
        {
            AuthLog.KeysFileLoaded(_logger, _name, _keys.Count, keysFile);
        }
    }

    /// <summary>The keys in force, for tests and diagnostics.</summary>
    public ApiKeySet Keys => _keys;

    /// <summary>Times the keys file was read and applied since the policy was built.</summary>
    public int FileLoads => Volatile.Read(ref _fileLoads);

    /// <summary>Times the keys file was read and rejected (the previous keys kept).</summary>
    public int FileRejections => Volatile.Read(ref _fileRejections);

    public ValueTask<bool> ApplyAsync(HttpContext context, ProxyRequestFeature request)
    {
        var headers = context.Request.Headers;
        string? presented = null;
        if (_header is not null)
        {
            var values = headers[_header];
            if (values.Count > 1)
            {
                return Reject(context, request, _ambiguous);
            }

            presented = values.Count == 1 ? values[0] : null;
        }

        if (string.IsNullOrEmpty(presented) && _query is not null && context.Request.QueryString.HasValue)
        {
            var values = context.Request.Query[_query];
            if (values.Count > 1)
            {
                return Reject(context, request, _ambiguous);
            }

            presented = values.Count == 1 ? values[0] : null;
        }

        if (string.IsNullOrEmpty(presented))
        {
            return Reject(context, request, _missing);
        }

        var id = presented.Length > MaxKeyLength ? null : Find(_keys, presented);
        if (id is null)
        {
            return Reject(context, request, _invalid);
        }

        request.Consumer = id;
        if (!_forwardKey)
        {
            if (_header is not null)
            {
                headers.Remove(_header);
            }

            if (_query is not null && context.Request.QueryString.HasValue)
            {
                context.Request.QueryString = QueryParameters.Remove(context.Request.QueryString, _query);
            }
        }

        if (_upstreamHeader is not null)
        {
            headers[_upstreamHeader] = id;
        }

        return Continue;
    }

    private static string? Find(ApiKeySet keys, string presented)
    {
        Span<byte> utf8 = stackalloc byte[MaxKeyLength * 3];
        var length = Encoding.UTF8.GetBytes(presented, utf8);
        Span<byte> digest = stackalloc byte[ApiKeyDigest.Size];
        System.Security.Cryptography.SHA256.HashData(utf8[..length], digest);
        return keys.Find(digest);
    }

    private ValueTask<bool> Reject(HttpContext context, ProxyRequestFeature request, AuthRejection rejection)
    {
        AuthMetrics.RecordRejection(_name, request.Route?.Name, rejection.Reason);

        // A key in the query string would otherwise reach the access log, which records the request target.
        if (_query is not null && context.Request.QueryString.HasValue)
        {
            context.Request.QueryString = QueryParameters.Remove(context.Request.QueryString, _query);
        }

        var written = rejection.WriteAsync(context);
        return written.IsCompletedSuccessfully ? ValueTask.FromResult(false) : Rejected(written);

        static async ValueTask<bool> Rejected(Task written)
        {
            await written;
            return false;
        }
    }

    private void Reload()
    {
        var keys = Load(out var errors);
        if (keys is null)
        {
            AuthLog.KeysFileRejected(_logger, _name, _keysFile!, string.Join("; ", errors));
            Interlocked.Increment(ref _fileRejections);
            return;
        }

        _keys = keys;
        AuthLog.KeysFileLoaded(_logger, _name, keys.Count, _keysFile!);
        Interlocked.Increment(ref _fileLoads);
    }

    /// <summary>Inline keys plus the file's, or null with the problems found.</summary>
    private ApiKeySet? Load(out List<string> errors)
    {
        errors = [];
        var all = _inline.Select((k, i) => (k, $"keys[{i}]")).ToList();
        if (_keysFile is not null)
        {
            all.AddRange(ApiKeysFile.Read(_keysFile, errors));
        }

        return ApiKeySet.TryCreate(all, errors, out var set) && errors.Count == 0 ? set : null;
    }

    private ApiKeySet InlineOnly()
    {
        ApiKeySet.TryCreate(_inline.Select((k, i) => (k, $"keys[{i}]")), [], out var set);
        return set;
    }

    public ValueTask DisposeAsync()
    {
        _watcher?.Dispose();
        return ValueTask.CompletedTask;
    }
}
