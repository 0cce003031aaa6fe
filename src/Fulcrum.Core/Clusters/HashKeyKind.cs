namespace Fulcrum.Clusters;

internal enum HashKeyKind
{
    None,
    ClientAddress,
    Header,
    Cookie,
}
