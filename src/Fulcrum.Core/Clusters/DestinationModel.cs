namespace Fulcrum.Clusters;

/// <summary>A destination as compiled from one config snapshot.</summary>
internal sealed class DestinationModel
{
    public DestinationModel(Uri address, int weight)
    {
        Address = address;
        Weight = weight;
        Prefix = address.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public Uri Address { get; }

    /// <summary>The address without a trailing slash, ready to be passed to the forwarder.</summary>
    public string Prefix { get; }

    public int Weight { get; }
}
