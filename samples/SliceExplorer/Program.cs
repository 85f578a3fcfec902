System.Console.WriteLine(typeof(SliceExplorer.Kube.EndpointSlice));
