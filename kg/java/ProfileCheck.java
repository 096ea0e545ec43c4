// OWL 2 DL profile check with the OWL API that owlready2 ships inside HermiT.jar.
// Usage: java -cp HermiT.jar ProfileCheck.java FILE.nt  -> one violation per line, exit 0.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        System.out.println("axioms\t" + ontology.getAxiomCount());
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println("violation\t" + v.toString().replace('\n', ' '));
        }
    }
}
