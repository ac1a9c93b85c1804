sitegenSearch.add("index",{"docs":2,"fields":["t","h","s","n"],"shards":["accord"],"tag":"061b90cd8576","version":"2.3.9"});
