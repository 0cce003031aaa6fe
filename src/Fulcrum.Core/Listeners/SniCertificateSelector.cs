namespace Fulcrum.Listeners;

/// <summary>
/// Chooses a server certificate for a handshake from the client's SNI: an exact SAN DNS name first, then a wildcard
/// SAN (<c>*.example.com</c> matches exactly one label, so not <c>example.com</c> nor <c>a.b.example.com</c>), then
/// the first certificate as the default (also for clients that send no SNI). Names compare case-insensitively.
/// Immutable, so a handshake reads one snapshot; a swap replaces the whole selector. A lookup allocates nothing.
/// </summary>
internal sealed class SniCertificateSelector
{
    private readonly Dictionary<string, ServerCertificate> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ServerCertificate>.AlternateLookup<ReadOnlySpan<char>> _exactLookup;
    private readonly Dictionary<string, ServerCertificate> _wildcard = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ServerCertificate>.AlternateLookup<ReadOnlySpan<char>> _wildcardLookup;

    public SniCertificateSelector(IReadOnlyList<ServerCertificate> certificates)
    {
        if (certificates.Count == 0)
        {
            throw new ArgumentException("a selector needs at least one certificate", nameof(certificates));
        }

        Certificates = certificates;
        Default = certificates[0];
        // Earlier certificates win a name they share with later ones, so the config's order is the tie-break.
        foreach (var certificate in certificates)
        {
            foreach (var name in certificate.DnsNames)
            {
                if (name.StartsWith("*.", StringComparison.Ordinal))
                {
                    _wildcard.TryAdd(name[2..], certificate);
                }
                else
                {
                    _exact.TryAdd(name.TrimEnd('.'), certificate);
                }
            }
        }

        _exactLookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcardLookup = _wildcard.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<ServerCertificate> Certificates { get; }

    public ServerCertificate Default { get; }

    public ServerCertificate Select(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return Default;
        }

        var name = serverName.AsSpan().TrimEnd('.');
        if (_exactLookup.TryGetValue(name, out var exact))
        {
            return exact;
        }

        var dot = name.IndexOf('.');
        if (dot > 0 && _wildcardLookup.TryGetValue(name[(dot + 1)..], out var wildcard))
        {
            return wildcard;
        }

        return Default;
    }
}
