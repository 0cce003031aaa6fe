namespace Fulcrum.Routing;

internal enum PathTemplateSegmentKind
{
    /// <summary>Text that must equal the request's segment.</summary>
    Literal,

    /// <summary><c>{name}</c>: exactly one non-empty segment.</summary>
    Parameter,

    /// <summary><c>{**name}</c> or <c>{*name}</c>: the rest of the path, possibly empty; always last.</summary>
    CatchAll,
}
