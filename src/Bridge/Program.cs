using OctoMesh.Bridge.Hosting;

return await BridgeHost.RunAsync(args);
