package org.casejourney.query.cohorts;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the XES exports in tests: checked against the published schema in docs/standards, then as traces, events and attributes. */
public final class XesLogs {

    public static final Path SCHEMA = Path.of("..", "docs", "standards", "xes-ieee-1849.xsd");

    private XesLogs() {
    }

    /** Validates the log against the IEEE 1849 XML Schema; throws naming the first violation. */
    public static void validate(String xes) throws Exception {
        Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(SCHEMA.toFile());
        schema.newValidator().validate(new StreamSource(new StringReader(xes)));
    }

    /** Whether the log validates. */
    public static boolean valid(String xes) throws Exception {
        try {
            validate(xes);
            return true;
        } catch (SAXException e) {
            return false;
        }
    }

    public static Element log(String xes) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xes.getBytes(StandardCharsets.UTF_8)));
        return document.getDocumentElement();
    }

    /** The element's child elements named {@code name}, in document order. */
    public static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    /** The element's attributes (its string, date, int, float, boolean children) as key to "type value". */
    public static Map<String, String> attributes(Element element) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element attribute && attribute.hasAttribute("key")) {
                String previous = attributes.put(attribute.getAttribute("key"), attribute.getTagName() + " " + attribute.getAttribute("value"));
                if (previous != null) {
                    throw new AssertionError("key " + attribute.getAttribute("key") + " twice in one " + element.getTagName());
                }
            }
        }
        return attributes;
    }
}
