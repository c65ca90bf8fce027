/// The one script of the report: sorting and filtering of a fleet's index page. It reads the
/// table the page already shows (rows carry `data-verdict` and `data-rules`, cells `data-sort`),
/// so with scripts off the page is the same table, unsorted and unfiltered. The page's
/// Content-Security-Policy admits only this text, by its SHA-256 (`hash`); nothing taken from a
/// capture is part of it.
enum FleetIndexScript {
  /// The script, written between `<script>` and `</script>` exactly as it stands.
  static let source: StaticString = """
    (function(){
    var table=document.querySelector('table.vms');if(!table)return;
    var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
    var verdicts=[],rules=[];
    rows.forEach(function(r){
    var v=r.getAttribute('data-verdict');if(verdicts.indexOf(v)<0)verdicts.push(v);
    (r.getAttribute('data-rules')||'').split(' ').forEach(function(x){if(x&&rules.indexOf(x)<0)rules.push(x);});
    });
    rules.sort();
    var bar=document.createElement('p');bar.className='filters';
    function choice(name,values){
    var s=document.createElement('select');s.setAttribute('aria-label',name);s.name=name;
    var any=document.createElement('option');any.value='';any.textContent='any '+name;s.appendChild(any);
    values.forEach(function(v){var o=document.createElement('option');o.value=v;o.textContent=v;s.appendChild(o);});
    s.addEventListener('change',apply);bar.appendChild(s);bar.appendChild(document.createTextNode(' '));return s;
    }
    var verdict=choice('verdict',verdicts),rule=choice('rule',rules);
    var query=document.createElement('input');query.type='search';query.name='vm';
    query.placeholder='VM contains';query.setAttribute('aria-label','VM contains');
    query.addEventListener('input',apply);bar.appendChild(query);
    var shown=document.createElement('span');shown.className='shown';bar.appendChild(shown);
    table.parentNode.insertBefore(bar,table);
    function apply(){
    var n=0,q=query.value.toLowerCase();
    remember();
    rows.forEach(function(r){
    var ok=(!verdict.value||r.getAttribute('data-verdict')===verdict.value)
    &&(!rule.value||(' '+r.getAttribute('data-rules')+' ').indexOf(' '+rule.value+' ')>=0)
    &&(!q||r.cells[0].textContent.toLowerCase().indexOf(q)>=0);
    r.hidden=!ok;if(ok)n++;
    });
    shown.textContent=' showing '+n+' of '+rows.length+' VMs';
    }
    function remember(){
    var state=[];
    if(verdict.value)state.push('verdict='+encodeURIComponent(verdict.value));
    if(rule.value)state.push('rule='+encodeURIComponent(rule.value));
    if(query.value)state.push('vm='+encodeURIComponent(query.value));
    var sorted=table.tHead.querySelector('th[aria-sort]');
    if(sorted)state.push('sort='+sorted.cellIndex+(sorted.getAttribute('aria-sort')==='ascending'?'':'-'));
    try{history.replaceState(null,'','#'+state.join('&'));}catch(e){}
    }
    function key(r,i){var c=r.cells[i];var s=c.getAttribute('data-sort');return s===null?c.textContent:Number(s);}
    var heads=table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads,function(th,i){
    var b=document.createElement('button');b.type='button';b.textContent=th.textContent;
    th.textContent='';th.appendChild(b);
    b.addEventListener('click',function(){sort(i,th.getAttribute('aria-sort')==='ascending'?-1:1);remember();});
    });
    function sort(i,dir){
    var th=heads[i];
    Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
    th.setAttribute('aria-sort',dir===1?'ascending':'descending');
    rows.sort(function(a,c){var x=key(a,i),y=key(c,i);
    var d=typeof x==='number'?x-y:String(x).localeCompare(String(y),undefined,{numeric:true});
    return d*dir||a.getAttribute('data-order')-c.getAttribute('data-order');});
    rows.forEach(function(r){body.appendChild(r);});
    }
    // The state of the page is its address: index.html#verdict=broken&rule=KD001&sort=1 opens
    // as it was left and can be shared.
    location.hash.slice(1).split('&').forEach(function(p){
    var kv=p.split('='),v=decodeURIComponent(kv[1]||'');
    if(kv[0]==='verdict')verdict.value=v;
    if(kv[0]==='rule')rule.value=v;
    if(kv[0]==='vm')query.value=v;
    var col=parseInt(v,10);
    if(kv[0]==='sort'&&col>=0&&col<heads.length)sort(col,v.slice(-1)==='-'?-1:1);
    });
    apply();
    document.documentElement.setAttribute('data-script','sort filter');
    })();
    """

  /// The CSP source for `source`: `'sha256-…'` of its UTF-8 bytes, base64. A test recomputes it.
  static let hash = "'sha256-qQD6occYWtvLmRNN2rCPJb8syikqBC3o1ZQzuPWqbDk='"
}
